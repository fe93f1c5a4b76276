# The web app's front-end libraries: `make vendor` runs npm ci from the lockfile and copies
# their built files into api/web/static/vendor/ (the one list of files is in the Makefile).
FROM node:20-slim AS web
RUN apt-get update && apt-get install -y --no-install-recommends make \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Makefile package.json package-lock.json ./
RUN make vendor

FROM python:3.11-slim
WORKDIR /src
COPY pyproject.toml setup.py constraints.txt README.md ./
COPY core core
COPY ingest ingest
COPY api api
COPY --from=web /src/api/web/static/vendor api/web/static/vendor
COPY cli cli
COPY cypher cypher
# A plain install: the schema, saved queries and the web app ship inside the package.
RUN pip install --no-cache-dir -c constraints.txt . && rm -rf /src
WORKDIR /app
COPY data data
EXPOSE 8000
# Applies the schema, then serves; Neo4j is healthy before this starts (compose depends_on).
CMD ["sh", "-c", "entangle db migrate && entangle serve --host 0.0.0.0 --port 8000"]
