// GraphiQL from /static/vendor (no CDN). Sends the key the app keeps (js/access.js), if any.
(function () {
  var key = window.localStorage.getItem("entangle.apiKey");
  var headers = key ? { Authorization: "Bearer " + key } : {};
  var fetcher = GraphiQL.createFetcher({ url: "/graphql", headers: headers });
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(React.createElement(GraphiQL, { fetcher: fetcher, defaultEditorToolsVisibility: true }));
})();
