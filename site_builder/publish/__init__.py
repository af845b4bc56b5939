"""Publishing a built release folder to where buyers read it: a local folder served by a web
server, or an S3-compatible bucket behind a CDN (ARCHITECTURE property 4: atomic publish).

`publish.publish()` is the one entry point; `plan` decides what goes where and in which order,
`targets` know how to write, `cdn` how to invalidate. docs/publishing.md explains the design.
"""
