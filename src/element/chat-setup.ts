import { checkLook, checkTheme, readCustomAttributes, readLocale, resolveConfig, type ChatConfig, type ConfigAttributes, type ConfigProblem } from '../config.js';
import type { ChatError } from '../machine/chat.types.js';
import type { CustomAttributes } from '../protocol/frames.js';

/** The element's attributes, resolved: what a chat runs with, or why there can be none. */
export type ChatSetup =
  | {
      readonly ok: true;
      readonly config: ChatConfig;
      /** Problems that only warn (a bad `end-timeout` falls back to the default). */
      readonly warnings: readonly ChatError[];
    }
  | { readonly ok: false; readonly error: ChatError };

/** A problem with an attribute that only warns: the chat goes on with a safe default. */
const warning = (problem: ConfigProblem): ChatError => ({ code: 'invalid-config', message: problem.message, recoverable: true });

export function setUp(attributes: ConfigAttributes): ChatSetup {
  const result = resolveConfig(attributes);
  if (!result.ok) {
    const problems = result.problems.map(p => p.message).join(' ');
    return { ok: false, error: { code: 'invalid-config', message: `Chat is unavailable: ${problems}`, recoverable: false } };
  }
  return {
    ok: true,
    config: result.config,
    warnings: result.warnings.map(warning),
  };
}

/** The conversation part of the widget could not be downloaded. */
export const loadFailed = (error: unknown): ChatError => ({
  code: 'load-failed',
  message: `The chat's conversation part could not be loaded (${error instanceof Error ? error.message : String(error)}); opening the chat tries again, though a browser may keep a failed download until the page is reloaded. Check the network and that the page's script-src allows where the widget is served from.`,
  recoverable: true,
});

/**
 * The element's attributes as they change: the setup they resolve to, the custom attributes, and the
 * problems found, kept until the element reports them.
 */
export class Attributes {
  #key?: string;
  #setup?: ChatSetup;
  #custom?: CustomAttributes | undefined;
  #problems: ChatError[] = [];

  /** The current setup; the element resolves it when connected, before anything reads it. */
  get setup(): ChatSetup | undefined {
    return this.#setup;
  }

  get custom(): CustomAttributes | undefined {
    return this.#custom;
  }

  /** Resolves the attributes that decide which conversation runs; returns whether they changed. */
  configure(attributes: ConfigAttributes): boolean {
    const key = JSON.stringify(attributes);
    if (key === this.#key) return false;
    this.#key = key;
    const setup = (this.#setup = setUp(attributes));
    this.#problems.push(...(setup.ok ? setup.warnings : [setup.error]));
    return true;
  }

  /** Reads the custom attributes (JSON text or an object); values that are not strings only warn. */
  readCustom(raw: ConfigAttributes['customAttributes']): CustomAttributes | undefined {
    const warnings: ConfigProblem[] = [];
    this.#custom = readCustomAttributes(raw, warnings);
    this.#problems.push(...warnings.map(warning));
    return this.#custom;
  }

  /** Checks the theme; a wrong one only warns (the light theme shows). */
  readTheme(raw: string | null | undefined): void {
    const problem = checkTheme(raw);
    if (problem) this.#problems.push(warning(problem));
  }

  /** Checks the launcher's attributes; a wrong one only warns (the deployment's setting applies). */
  readLook(attributes: Parameters<typeof checkLook>[0]): void {
    this.#problems.push(...checkLook(attributes).map(warning));
  }

  /** Checks the `locale` attribute; a language the widget does not have only warns. */
  checkLocale(raw: string | undefined): void {
    const warnings: ConfigProblem[] = [];
    readLocale(raw, warnings);
    this.#problems.push(...warnings.map(warning));
  }

  /** The problems found since the last call. */
  takeProblems(): ChatError[] {
    return this.#problems.splice(0);
  }
}
