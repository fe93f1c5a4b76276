"""The investigator's web app: static pages and ES modules that talk only to ``/graphql``.

Every page URL answers the same shell (``static/app.html``); ``static/js/main.js`` picks the
page from the path. The pages hold no data: the modules fetch it from the public GraphQL API
with the caller's key, so the app can do nothing another client could not. The front-end
libraries (cytoscape, GraphiQL, React) are copied from ``node_modules`` into
``static/vendor/`` by ``make vendor`` and ship as package data: nothing loads from another host.
"""
