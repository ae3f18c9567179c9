export type { Interaction, InteractionEvent } from './db.ts';
export {
  InteractionError,
  InteractionNotFoundError,
  InteractionStateError,
  InteractionValidationError,
} from './exceptions.ts';
export type {
  CloseInteractionInput,
  InteractionEventInput,
  MoveInput,
  OpenInteractionInput,
  UpdateInteractionInput,
} from './schemas.ts';
export { createInteractionService, type InteractionService } from './service.ts';
export { canMoveInteraction } from './stages.ts';
