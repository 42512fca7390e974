// The part of Vue's typings that dist/vue.d.ts augments and Volar reads: a component's `$props`.
declare module 'vue' {
  export interface GlobalComponents {}
  export type DefineComponent<Props = {}> = new (...args: any[]) => { $props: Props };
}
