/**
 * Validation against Genesys's guest API schema (`test/schema/guest-api.swagger.json`, Swagger 2.0
 * whose `definitions` are JSON Schema draft 4). Used for the frames the widget sends and the
 * frames the simulator answers with.
 */
import { Validator } from '@cfworker/json-schema';
import type { OutputUnit, Schema } from '@cfworker/json-schema';

type Swagger = { definitions: Record<string, Schema> };

let swagger: Promise<Swagger> | undefined;
const validators = new Map<string, Validator>();

function loadSwagger(): Promise<Swagger> {
  swagger ??= fetch('/test/schema/guest-api.swagger.json').then(async response => {
    if (!response.ok) throw new Error(`could not load the guest API schema: HTTP ${response.status}`);
    return (await response.json()) as Swagger;
  });
  return swagger;
}

/** Drops the waived names from every `required` list of the document (a copy). */
function waive(definitions: Record<string, Schema>, names: readonly string[]): Record<string, Schema> {
  if (names.length === 0) return definitions;
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      out[key] = key === 'required' && Array.isArray(value) ? value.filter(name => !names.includes(name)) : strip(value);
    }
    return out;
  };
  return strip(definitions) as Record<string, Schema>;
}

async function validatorFor(definition: string, waived: readonly string[]): Promise<Validator> {
  const key = `${definition}\n${[...waived].sort().join(',')}`;
  const cached = validators.get(key);
  if (cached) return cached;
  const { definitions } = await loadSwagger();
  if (!definitions[definition]) throw new Error(`the schema has no definition "${definition}"`);
  // The root is the whole set of definitions, so every `#/definitions/X` resolves; it just points at one.
  const root: Schema = { definitions: structuredClone(waive(definitions, waived)), $ref: `#/definitions/${definition}` };
  const validator = new Validator(root, '4', false);
  validators.set(key, validator);
  return validator;
}

/** Wrapper errors ("A subschema had errors.") say nothing the leaf errors below them do not. */
const isWrapper = (unit: OutputUnit): boolean =>
  unit.keyword === '$ref' || /^(Property ".*" does not match schema\.|Items did not match schema\.)$/.test(unit.error);

const readable = (unit: OutputUnit): string => `${unit.instanceLocation.replace(/^#/, '') || '/'}: ${unit.error}`;

/**
 * Validates `value` against `#/definitions/<definition>`; readable errors, `[]` when valid.
 * `waiveRequired` drops those names from every `required` list (see test/schema/README.md).
 */
export async function schemaErrors(
  definition: string,
  value: unknown,
  options: { waiveRequired?: string[] } = {},
): Promise<string[]> {
  const validator = await validatorFor(definition, options.waiveRequired ?? []);
  const result = validator.validate(value);
  if (result.valid) return [];
  const leaves = result.errors.filter(unit => !isWrapper(unit));
  return [...new Set((leaves.length ? leaves : result.errors).map(readable))];
}

/**
 * Checks a server frame: the envelope against `BaseMessage` and the body against the definition
 * its `class` names. `class:"string"` frames carry a string body, which `BaseMessage` (body: object)
 * cannot describe, so for them the envelope is checked with the body set aside.
 */
export async function serverFrameErrors(frame: unknown): Promise<string[]> {
  if (frame === null || typeof frame !== 'object' || Array.isArray(frame)) return ['/: the frame is not a JSON object'];
  const envelope = frame as Record<string, unknown>;
  const cls = envelope['class'];
  const body = envelope['body'];
  if (cls === 'string') {
    const errors = await schemaErrors('BaseMessage', { ...envelope, body: {} });
    return typeof body === 'string' ? errors : [...errors, '/body: a "string" frame must have a string body'];
  }
  const errors = await schemaErrors('BaseMessage', frame);
  if (typeof cls !== 'string') return errors;
  const { definitions } = await loadSwagger();
  if (!definitions[cls]) return [...errors, `/class: no schema definition for class "${cls}"`];
  const bodyErrors = await schemaErrors(cls, body);
  // Body errors are located from the body ("/: …", "/text: …"); re-anchor them at the frame.
  return [...errors, ...bodyErrors.map(error => (error.startsWith('/: ') ? `/body${error.slice(1)}` : `/body${error}`))];
}
