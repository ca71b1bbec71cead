// Template typing for Vue (vue-tsc / Volar). Opt in once:  import type {} from 'py-elements/vue';
// (and tell Vue the tags are custom elements: compilerOptions.isCustomElement = (tag) => tag.startsWith('py-')).
import type { DefineComponent } from 'vue';
import type { PyElementsAttributes } from './jsx.js';

type PyElementsVueComponents = {
  [Tag in keyof PyElementsAttributes]: DefineComponent<PyElementsAttributes[Tag]>;
};

declare module 'vue' {
  interface GlobalComponents extends PyElementsVueComponents {}
}
