import { Page } from '../../components/ui.tsx';

/** What a signed-in user sees on a page their role may not open (the server refuses its API too). */
export function Refusal(props: { title: string }) {
  return (
    <Page title={props.title}>
      <p class="notice" role="alert">
        Недостаточно прав для этого раздела. Если он нужен Вам для работы, обратитесь, пожалуйста, к
        администратору.
      </p>
    </Page>
  );
}
