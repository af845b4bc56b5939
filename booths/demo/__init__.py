"""The demo exhibition built by `manage.py seed_demo`.

- `catalogue`: the vocabulary (every public term in zh-hans, en, ru and ar);
- `texts`: sentences written from it in each language;
- `plan`: a seeded, database-free plan of exhibitors, exhibits and buyers;
- `media` / `rendering`: pictures, panoramas, GLB models, PDFs, video, drawn in a worker;
- `bulk_pages`, `provisioning`, `indexing`: writing thousands of pages, exhibitor groups
  and index entries in a few queries;
- `accounts`: the demo users;
- `seed`: all of it in one transaction.
"""
