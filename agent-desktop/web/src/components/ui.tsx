import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api.ts';

/** Shared building blocks of the screens: keep pages free of repeated markup. */

export function Page(props: { title: string; actions?: ComponentChildren; children: ComponentChildren }) {
  return (
    <section class="page">
      <header class="page-header">
        <h1>{props.title}</h1>
        <div class="page-actions">{props.actions}</div>
      </header>
      {props.children}
    </section>
  );
}

export function Panel(props: { title?: string; class?: string; children: ComponentChildren }) {
  return (
    <div class={`panel ${props.class ?? ''}`}>
      {props.title && <h2>{props.title}</h2>}
      {props.children}
    </div>
  );
}

export function ErrorText(props: { error: unknown }) {
  if (!props.error) return null;
  const text =
    props.error instanceof ApiError || props.error instanceof Error
      ? props.error.message
      : String(props.error);
  return (
    <p class="error" role="alert">
      {text}
    </p>
  );
}

export function Loading() {
  return <p class="muted">Загрузка…</p>;
}

export function Empty(props: { children: ComponentChildren }) {
  return <p class="muted empty">{props.children}</p>;
}

export function Badge(props: { tone?: 'ok' | 'warn' | 'bad' | 'info'; children: ComponentChildren }) {
  return <span class={`badge ${props.tone ?? 'info'}`}>{props.children}</span>;
}

/** Loads data from the API; `reload` fetches again (after an action, or on a live event). */
export function useResource<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const reload = useCallback(async () => {
    setLoading(true);
    try {
      setData(await load());
      setError(undefined);
    } catch (failure) {
      setError(failure);
    } finally {
      setLoading(false);
    }
  }, deps);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload, setData };
}

/** Runs an action (button press), keeping its error to show and a busy flag to disable buttons. */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const run = async (...args: A): Promise<R | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await action(...args);
    } catch (failure) {
      setError(failure);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error, setError };
}
