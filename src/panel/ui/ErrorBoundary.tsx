/**
 * A render error stops at the nearest boundary: one message whose rendering
 * throws shows "could not render: …" in its own cell, row or detail tab, and
 * the rest of the panel (the table, later messages) keeps working. Without
 * it, a throw during render unmounts the whole app, for this and every later
 * message. Views are written to be total; this is the last line.
 *
 * `resetKey`: when it changes (another message, another decoder override),
 * the children are tried again.
 */
import { Component } from 'preact';
import type { ComponentChildren, VNode } from 'preact';

export interface ErrorBoundaryProps {
  /** What to show instead of the children; `message` is the error's own message, as text. */
  fallback: (message: string) => VNode;
  resetKey?: unknown;
  children?: ComponentChildren;
}

interface State {
  error: string | null;
  key: unknown;
}

/** The error's message only: never a page object's conversion to text. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message.slice(0, 300) : typeof e === 'string' ? e.slice(0, 300) : 'unknown error';
}

export class ErrorBoundary extends Component<ErrorBoundaryProps, State> {
  override state: State = { error: null, key: this.props.resetKey };

  static override getDerivedStateFromError(e: unknown): Partial<State> {
    return { error: errorMessage(e) };
  }

  static override getDerivedStateFromProps(props: ErrorBoundaryProps, state: State): Partial<State> | null {
    return props.resetKey === state.key ? null : { error: null, key: props.resetKey };
  }

  override componentDidCatch(e: unknown): void {
    this.setState({ error: errorMessage(e) });
  }

  override render(): ComponentChildren {
    return this.state.error === null ? this.props.children : this.props.fallback(this.state.error);
  }
}

/** The text every fallback shows. */
export const couldNotRender = (message: string): string => `could not render: ${message}`;
