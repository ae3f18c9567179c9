import { Page, Panel } from '../../../components/ui.tsx';
import { navigate, useRoute } from '../../../router.ts';
import { hasRole, useSession } from '../../../session.ts';
import { AppealForm } from '../appeals/AppealForm.tsx';
import { ClientCardPanel } from './ClientCardPanel.tsx';
import { ClientSearch } from './ClientSearch.tsx';

export const CLIENTS_PATH = '/clients';

/** "Клиенты": search, then the card (`#/clients/<account id>`) and, for operators, the appeal form. */
export function ClientsPage() {
  const path = useRoute();
  const session = useSession();
  const accountId = Number(path.slice(CLIENTS_PATH.length + 1)) || undefined;
  return (
    <Page title="Клиенты">
      <Panel title="Поиск клиента">
        <ClientSearch onOpen={(id) => navigate(`${CLIENTS_PATH}/${id}`)} />
      </Panel>
      {accountId !== undefined && <ClientCardPanel key={accountId} accountId={accountId} />}
      {accountId !== undefined && hasRole(session, ['operator', 'supervisor']) && (
        <Panel>
          <AppealForm key={accountId} accountId={accountId} />
        </Panel>
      )}
    </Page>
  );
}
