import { useState } from 'preact/hooks';
import { post } from '../../../api.ts';
import { TextField } from '../../../components/fields.tsx';
import { Badge, Empty, ErrorText, useAction } from '../../../components/ui.tsx';

type SearchBy = 'account' | 'phone' | 'surname' | 'address';

export interface FoundAccount {
  id: number;
  number: string;
  owner: string;
  settlement: string;
  clientType: string;
  closed: boolean;
}

const MODES: Array<{ by: SearchBy; label: string; field: string }> = [
  { by: 'account', label: 'По лицевому счёту', field: 'Номер лицевого счёта' },
  { by: 'phone', label: 'По телефону', field: 'Номер телефона' },
  { by: 'surname', label: 'По фамилии', field: 'Фамилия' },
  { by: 'address', label: 'По адресу', field: 'Населённый пункт' },
];

/** Finds accounts; the list shows owners masked (the card unmasks after identification). */
export function ClientSearch(props: { onOpen: (accountId: number) => void }) {
  const [by, setBy] = useState<SearchBy>('account');
  const [value, setValue] = useState('');
  const [street, setStreet] = useState('');
  const [house, setHouse] = useState('');
  const [apartment, setApartment] = useState('');
  const [found, setFound] = useState<FoundAccount[] | undefined>(undefined);
  const search = useAction(async () => {
    const body = by === 'address' ? { by, settlement: value, street, house, apartment } : { by, value };
    const answer = await post<{ accounts: FoundAccount[] }>('/api/records/search', body);
    setFound(answer.accounts);
    if (answer.accounts.length === 1) props.onOpen(answer.accounts[0]!.id);
  });
  const mode = MODES.find((item) => item.by === by)!;

  return (
    <div class="client-search">
      <form
        aria-label="Поиск клиента"
        onSubmit={(event) => {
          event.preventDefault();
          void search.run();
        }}
      >
        <fieldset class="row">
          <legend>Искать</legend>
          {MODES.map((item) => (
            <label key={item.by} class="inline">
              <input type="radio" name="search-by" checked={by === item.by} onChange={() => setBy(item.by)} />
              {item.label}
            </label>
          ))}
        </fieldset>
        <div class="row">
          <TextField label={mode.field} value={value} onValue={setValue} />
          {by === 'address' && (
            <>
              <TextField label="Улица" value={street} onValue={setStreet} />
              <TextField label="Дом" value={house} onValue={setHouse} size={6} />
              <TextField label="Квартира" value={apartment} onValue={setApartment} size={6} />
            </>
          )}
          <button type="submit" class="primary" disabled={search.busy}>
            Найти
          </button>
        </div>
      </form>
      <ErrorText error={search.error} />
      {found && found.length === 0 && (
        <Empty>Ничего не найдено. Проверьте данные и попробуйте ещё раз.</Empty>
      )}
      {found && found.length > 0 && (
        <table aria-label="Найденные лицевые счета">
          <thead>
            <tr>
              <th>Лицевой счёт</th>
              <th>Владелец</th>
              <th>Населённый пункт</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {found.map((account) => (
              <tr key={account.id}>
                <td>
                  {account.number} {account.closed && <Badge>закрыт</Badge>}
                </td>
                <td>{account.owner}</td>
                <td>{account.settlement}</td>
                <td>
                  <button type="button" onClick={() => props.onOpen(account.id)}>
                    Открыть карточку {account.number}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
