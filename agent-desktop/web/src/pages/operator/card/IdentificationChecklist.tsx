import { useState } from 'preact/hooks';
import { post } from '../../../api.ts';
import { ErrorText, useAction } from '../../../components/ui.tsx';
import type { IdentificationState } from './types.ts';

/**
 * The operator types what the client said; the server compares it with the account and only
 * then ticks the check (the operator cannot judge it against data the card still hides).
 */
export function IdentificationChecklist(props: {
  accountId: number;
  interactionId?: string | undefined;
  state: IdentificationState;
  onChanged: () => void;
}) {
  const [accountNumber, setAccountNumber] = useState('');
  const [house, setHouse] = useState('');
  const [apartment, setApartment] = useState('');
  const [fullName, setFullName] = useState('');
  const check = useAction(async (body: Record<string, string>) => {
    await post(`/api/records/accounts/${props.accountId}/identification`, {
      ...body,
      ...(props.interactionId ? { interactionId: props.interactionId } : {}),
    });
    props.onChanged();
  });
  const ticked = (name: 'account_or_address' | 'owner_name') =>
    props.state.checks.find((item) => item.check === name)?.at ?? null;
  const addressAt = ticked('account_or_address');
  const nameAt = ticked('owner_name');

  return (
    <section class="identification panel" aria-label="Идентификация клиента">
      <h3>Идентификация клиента</h3>
      <p class="muted">
        Попросите клиента назвать номер лицевого счёта или адрес и ФИО собственника. Данные карточки откроются
        после проверки.
      </p>
      <form
        class="check"
        onSubmit={(event) => {
          event.preventDefault();
          void check.run(
            accountNumber.trim()
              ? { check: 'account_or_address', accountNumber }
              : { check: 'account_or_address', house, apartment },
          );
        }}
      >
        <strong>{addressAt ? '✓ ' : ''}Номер лицевого счёта или адрес</strong>
        {addressAt ? (
          <span class="badge ok">подтверждено</span>
        ) : (
          <div class="row">
            <label>
              Названный номер счёта
              <input value={accountNumber} onInput={(e) => setAccountNumber(e.currentTarget.value)} />
            </label>
            <span class="muted">или</span>
            <label>
              Дом
              <input value={house} size={6} onInput={(e) => setHouse(e.currentTarget.value)} />
            </label>
            <label>
              Квартира
              <input value={apartment} size={6} onInput={(e) => setApartment(e.currentTarget.value)} />
            </label>
            <button type="submit" disabled={check.busy}>
              Проверить счёт или адрес
            </button>
          </div>
        )}
      </form>
      <form
        class="check"
        onSubmit={(event) => {
          event.preventDefault();
          void check.run({ check: 'owner_name', fullName });
        }}
      >
        <strong>{nameAt ? '✓ ' : ''}ФИО собственника (нанимателя)</strong>
        {nameAt ? (
          <span class="badge ok">подтверждено</span>
        ) : (
          <div class="row">
            <label>
              Названные ФИО
              <input value={fullName} size={32} onInput={(e) => setFullName(e.currentTarget.value)} />
            </label>
            <button type="submit" disabled={check.busy}>
              Проверить ФИО
            </button>
          </div>
        )}
      </form>
      <ErrorText error={check.error} />
    </section>
  );
}
