"""Every size limit on media, in one place (SPEC 11, M1 and M3)."""

MB = 1024 * 1024

MAX_UPLOAD_BYTES = 30 * MB  # a photo an owner or sitter uploads
MAX_DOWNLOAD_BYTES = 30 * MB  # default for an inbound MMS file; the downloader may pass its own
MAX_PIXELS = 50_000_000  # larger images are refused as decompression bombs (48 MP phones fit)
MAX_PDF_PAGES = 20  # pages of a PDF whose text is read

MAX_SIDE = 1600  # longest side of a normalised outbound photo
TARGET_BYTES = 600 * 1024  # a normalised photo aims to stay under this
JPEG_QUALITIES = (85, 75, 65, 55, 45, 35)  # tried in turn until the photo fits TARGET_BYTES,
MIN_SIDE = 480  # then the photo shrinks by a quarter at a time, down to this longest side

MAX_FILES = 10  # per outbound message (carrier limit)
MAX_TOTAL_BYTES = 5 * MB  # all files of one outbound message together (carrier limit)

MAX_REQUEST_BYTES = 40 * MB  # a whole upload request (the photos with the message's fields)
