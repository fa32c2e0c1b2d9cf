"""One module per family of answers; router.py picks one for an understood question."""
