// JSX typing for React (19+: custom elements get their properties and attributes). Opt in once, e.g. in
// a .d.ts or your entry file:  import type {} from 'py-elements/react';
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { PyElementsAttributes } from './jsx.js';

type PyElementsReactElements = {
  [Tag in keyof PyElementsAttributes]: DetailedHTMLProps<HTMLAttributes<HTMLElementTagNameMap[Tag]>, HTMLElementTagNameMap[Tag]> &
    PyElementsAttributes[Tag];
};

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends PyElementsReactElements {}
  }
}
