// Fails when custom-elements.json (or docs/api.md, made from it) is not what the analyzer makes from the source today.
// The analyzer writes in place (and updates package.json), so it runs as `npm run analyze` does and
// the result is compared with what was there before; a stale manifest is left regenerated for review.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const before = readFileSync('custom-elements.json', 'utf8');
const referenceBefore = readFileSync('docs/api.md', 'utf8');
const packageBefore = readFileSync('package.json', 'utf8');
execFileSync('npm', ['run', '--silent', 'analyze'], { stdio: 'ignore' });
const after = readFileSync('custom-elements.json', 'utf8');
if (readFileSync('package.json', 'utf8') !== packageBefore) {
  console.error('The manifest analyzer changed package.json: its "customElements" field must be "custom-elements.json".');
  process.exit(1);
}
if (after !== before) {
  console.error('custom-elements.json was stale: it has been regenerated; review and commit it (npm run analyze).');
  process.exit(1);
}
if (readFileSync('docs/api.md', 'utf8') !== referenceBefore) {
  console.error('docs/api.md was stale: it has been regenerated from custom-elements.json; review and commit it (npm run analyze).');
  process.exit(1);
}
console.log('custom-elements.json and docs/api.md are up to date.');
