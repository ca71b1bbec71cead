import { dedent } from '../../internal/dedent.js';
import { pythonScripts } from '../../internal/inline-code.js';
import { elementName, loadStored, store } from './persist.js';

/**
 * A REPL exercise beyond its checks (checks.ts), read from the author's markup: hints revealed one at
 * a time (`<template data-hint>`, never rendered by the browser) and a solution
 * (`<script type="text/python" data-solution>`, never shown before the reader asks), and what the
 * reader has done so far, kept in localStorage as edits are (persist.ts).
 */
export interface ExerciseContent {
  hints: string[];
  solution?: string;
}

export function readExercise(host: Element): ExerciseContent {
  const hints = [...host.children]
    .filter((child): child is HTMLTemplateElement => child instanceof HTMLTemplateElement && child.hasAttribute('data-hint'))
    .map((template) => (template.content.textContent ?? '').trim())
    .filter(Boolean);
  const solution = pythonScripts(host).find((script) => script.hasAttribute('data-solution'));
  return { hints, solution: solution ? dedent(solution.text) : undefined };
}

/** What the reader did with an exercise: attempts (runs with checks), passed once, hints and solution seen. */
export interface ExerciseProgress {
  attempts: number;
  passed: boolean;
  hintsShown: number;
  solutionShown: boolean;
}

export const NO_PROGRESS: ExerciseProgress = { attempts: 0, passed: false, hintsShown: 0, solutionShown: false };

const PREFIX = 'py-elements:exercise:';

/** The key of an exercise on this page, by the REPL's name in its edits' keys too. */
export function progressKey(host: Element): string {
  return `${PREFIX}${location.pathname}#${elementName(host)}`;
}

/** Saved progress, or none; storage that is blocked or holds something else counts as none. */
export function loadProgress(key: string): ExerciseProgress {
  let saved: unknown;
  try {
    saved = JSON.parse(loadStored(key) ?? 'null');
  } catch {
    return NO_PROGRESS;
  }
  if (!saved || typeof saved !== 'object') return NO_PROGRESS;
  const { attempts, passed, hintsShown, solutionShown } = saved as Record<string, unknown>;
  return {
    attempts: Number.isInteger(attempts) && (attempts as number) > 0 ? (attempts as number) : 0,
    passed: passed === true,
    hintsShown: Number.isInteger(hintsShown) && (hintsShown as number) > 0 ? (hintsShown as number) : 0,
    solutionShown: solutionShown === true,
  };
}

export function saveProgress(key: string, progress: ExerciseProgress): void {
  store(key, JSON.stringify(progress));
}
