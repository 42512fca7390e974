// Serves the classic-script build (`vite build --mode iife`, dist/genesys-chat.iife.js) to the tests at
// `/__classic/genesys-chat.iife.js`, built in memory when the test server starts: the tests need no
// earlier `npm run build`, and what they load is what that build makes.
import { build } from 'vite';

export function classicScriptPlugin() {
  let code;
  return {
    name: 'classic-script-build',
    async serverStart() {
      const output = await build({ mode: 'iife', logLevel: 'silent', build: { write: false, sourcemap: false } });
      const files = (Array.isArray(output) ? output : [output]).flatMap(result => result.output);
      code = files.find(file => file.type === 'chunk' && file.fileName === 'genesys-chat.iife.js')?.code;
      if (!code) throw new Error('The classic-script build made no genesys-chat.iife.js.');
    },
    serve(context) {
      if (context.path === '/__classic/genesys-chat.iife.js') return { body: code, type: 'text/javascript' };
      return undefined;
    },
  };
}
