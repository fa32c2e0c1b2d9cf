"""Weekly digests: what a channel's digest says, and previewing it.

- config.py: config/digests.yaml, read and checked (the network setting "digests");
- content.py: `build_digest(catalog, session, digest_config, at, lang)`, the digest as a neutral Answer for
  one channel's config at one instant (the weekly delivery composes its post from it);
- service.py: `/red resumen [grupo|agencia]`, the same digest shown to one person, and `enlace digest`.

It may import reporting, meetings, knowledge, render and time; never questions or chat.
"""
