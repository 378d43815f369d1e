// The playground's start: GraphiQL over the gateway's own endpoint, one tab per example. Its
// settings come from the page, as JSON, so that no script is written inline.
/* global React, ReactDOM, GraphiQL */
(function start() {
  const settings = JSON.parse(document.getElementById('playground-settings').textContent);
  // The schema is read before any tab's headers are: with the credential the page was given, if any.
  const fetcher = GraphiQL.createFetcher({ url: settings.endpoint, headers: settings.schemaHeaders });
  const tabs = settings.examples.map((example) => ({
    query: example.query,
    variables: JSON.stringify(example.variables, null, 2),
    headers: JSON.stringify(example.headers, null, 2),
  }));
  const root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultTabs: tabs,
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      // Credentials stay out of the browser's storage.
      shouldPersistHeaders: false,
    }),
  );
})();
