/** mock-socket's `main` is UMD only: point the browser at its ES module build. */
export function mockSocketPlugin() {
  return {
    name: 'mock-socket-esm',
    resolveImport({ source }) {
      if (source === 'mock-socket') return '/node_modules/mock-socket/dist/mock-socket.es.mjs';
      return undefined;
    },
  };
}
