import { useState } from 'preact/hooks';
import { post } from '../../../api.ts';
import { TextField } from '../../../components/fields.tsx';
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
            <TextField label="Названный номер счёта" value={accountNumber} onValue={setAccountNumber} />
            <span class="muted">или</span>
            <TextField label="Дом" value={house} onValue={setHouse} size={6} />
            <TextField label="Квартира" value={apartment} onValue={setApartment} size={6} />
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
            <TextField label="Названные ФИО" value={fullName} onValue={setFullName} size={32} />
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
