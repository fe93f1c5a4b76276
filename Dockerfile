FROM python:3.11-slim
WORKDIR /src
COPY pyproject.toml setup.py constraints.txt README.md ./
COPY core core
COPY ingest ingest
COPY api api
COPY cli cli
COPY cypher cypher
# A plain install: the schema and saved queries ship inside the package (entanglements.cypher).
RUN pip install --no-cache-dir -c constraints.txt . && rm -rf /src
WORKDIR /app
COPY data data
EXPOSE 8000
# Applies the schema, then serves; Neo4j is healthy before this starts (compose depends_on).
CMD ["sh", "-c", "entangle db migrate && entangle serve --host 0.0.0.0 --port 8000"]
