import { defineConfig } from 'vite';

/**
 * Two builds. `vite build`: the library, ES modules with lit and xstate left as imports so an app
 * that already has them loads one copy. `vite build --mode bundle`: one self-contained, minified
 * file a CMS author loads with a single `<script type="module">`.
 */
export default defineConfig(({ mode }) => {
  const bundle = mode === 'bundle';
  return {
    build: {
      target: 'es2022',
      outDir: 'dist',
      emptyOutDir: !bundle,
      sourcemap: true,
      minify: bundle,
      lib: bundle
        ? { entry: 'src/genesys-chat.ts', formats: ['es'], fileName: () => 'genesys-chat.bundle.js' }
        : { entry: { index: 'src/index.ts', 'genesys-chat': 'src/genesys-chat.ts' }, formats: ['es'] },
      rolldownOptions: {
        external: bundle ? [] : [/^lit($|\/)/, /^@lit\//, /^xstate($|\/)/],
        output: bundle ? { minify: true } : {},
      },
    },
  };
});
