"""The benchmarks' gunicorn settings: none beyond their command lines (no access log), so that the repository's
production gunicorn.conf.py, which gunicorn would otherwise read from the working directory, is not used."""
