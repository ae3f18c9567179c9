import { useState } from 'preact/hooks';
import { post, setCsrfToken } from './api.ts';
import { ErrorText } from './components/ui.tsx';
import type { SessionInfo } from './session.ts';

export function LoginForm(props: { onSignedIn: (session: SessionInfo) => void; notice?: string }) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const session = await post<SessionInfo>('/api/auth/login', { login, password });
      setCsrfToken(session.csrfToken);
      props.onSignedIn(session);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="login">
      <form class="panel login-form" onSubmit={submit}>
        <h1>Единое окно оператора</h1>
        <p class="muted">Контакт-центр гарантирующего поставщика</p>
        {props.notice && <p class="notice">{props.notice}</p>}
        <label>
          Логин
          <input
            name="login"
            autoComplete="username"
            value={login}
            onInput={(e) => setLogin(e.currentTarget.value)}
            required
          />
        </label>
        <label>
          Пароль
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
            required
          />
        </label>
        <ErrorText error={error} />
        <button type="submit" class="primary" disabled={busy}>
          Войти
        </button>
      </form>
    </main>
  );
}
