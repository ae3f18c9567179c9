import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, post, SESSION_ENDED, setCsrfToken } from './api.ts';
import { setDisplayTimeZone } from './components/format.ts';
import { live, useLiveStatus } from './live.ts';
import { LoginForm } from './login.tsx';
import { PAGES, pageFor } from './pages/registry.ts';
import { navigate, useRoute } from './router.ts';
import { type Role, SessionContext, type SessionInfo } from './session.ts';

const ROLE_NAMES: Record<Role, string> = {
  operator: 'оператор',
  supervisor: 'супервизор',
  admin: 'администратор',
  quality: 'контроль качества',
};

const LIVE_NAMES = { online: 'на связи', connecting: 'подключение…', offline: 'нет связи' };

export function App() {
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);

  useEffect(() => {
    get<SessionInfo>('/api/session')
      .then((current) => {
        setCsrfToken(current.csrfToken);
        setDisplayTimeZone(current.timeZone);
        setSession(current);
      })
      .catch((error: unknown) => {
        if (!(error instanceof ApiError) || error.status !== 401)
          setNotice('Сервер недоступен, попробуйте позже');
        setSession(null);
      });
    const ended = () => {
      setNotice('Сеанс завершён. Войдите снова.');
      setSession(null);
    };
    window.addEventListener(SESSION_ENDED, ended);
    return () => window.removeEventListener(SESSION_ENDED, ended);
  }, []);

  useEffect(() => {
    if (!session) return;
    live.start();
    return () => live.stop();
  }, [session?.user.id]);

  if (session === undefined) return <p class="boot">Загрузка…</p>;
  if (session === null) {
    return (
      <LoginForm
        notice={notice}
        onSignedIn={(signedIn) => {
          setNotice(undefined);
          setDisplayTimeZone(signedIn.timeZone);
          setSession(signedIn);
        }}
      />
    );
  }
  return (
    <SessionContext.Provider value={session}>
      <Shell session={session} onSignedOut={() => setSession(null)} />
    </SessionContext.Provider>
  );
}

function Shell(props: { session: SessionInfo; onSignedOut: () => void }) {
  const path = useRoute();
  const status = useLiveStatus();
  const roles = props.session.user.roles;
  const menu = PAGES.filter((page) => !page.hidden && page.roles.some((role) => roles.includes(role)));
  const page = pageFor(path, roles);
  useEffect(() => {
    if (!page && menu[0]) navigate(menu[0].path);
  }, [page, menu[0]?.path]);
  const signOut = async () => {
    await post('/api/auth/logout').catch(() => undefined);
    props.onSignedOut();
  };
  const Screen = page?.component;
  return (
    <div class="shell">
      <header class="topbar">
        <strong class="brand">ЕОО</strong>
        <nav class="menu">
          {menu.map((item) => (
            <a key={item.path} href={`#${item.path}`} class={page?.path === item.path ? 'active' : ''}>
              {item.title}
            </a>
          ))}
        </nav>
        <span class={`live ${status}`} title="Связь с сервером">
          {LIVE_NAMES[status]}
        </span>
        <span class="who">
          {props.session.user.fullName} · {roles.map((role) => ROLE_NAMES[role]).join(', ')}
        </span>
        <button type="button" class="link" onClick={signOut}>
          Выйти
        </button>
      </header>
      <main class="content">
        {Screen ? <Screen /> : <p class="muted">Для Вашей роли здесь пока нет доступных разделов.</p>}
      </main>
    </div>
  );
}
