// The part of `svelte/elements` that dist/svelte.d.ts augments. As Svelte's own, any other tag is allowed
// with anything, so only the declared element's names are checked.
declare module 'svelte/elements' {
  export interface HTMLAttributes<T extends EventTarget> {
    class?: string | null;
    id?: string | null;
    onclick?: ((event: MouseEvent & { currentTarget: T }) => void) | null;
  }
  export interface SvelteHTMLElements {
    [name: string]: { [name: string]: any };
  }
}
