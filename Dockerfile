FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
COPY core core
COPY api api
COPY ingest ingest
COPY cypher cypher
COPY data data
# Editable, so the cypher/ folder beside the code is found at run time.
RUN pip install --no-cache-dir -c constraints.txt -e .
EXPOSE 8000
# Applies the schema, then serves; Neo4j is healthy before this starts (compose depends_on).
CMD ["sh", "-c", "entangle db migrate && entangle serve --host 0.0.0.0 --port 8000"]
