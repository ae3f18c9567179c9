export {
  type ClaimedDelivery,
  type Delivery,
  findDelivery,
  finishDelivery,
  listDeliveries,
  listQueued,
  startNewRound,
} from './db.ts';
export { composeMessage, longAnswerSmsNotice } from './messages.ts';
export {
  channelNameRu,
  DELIVERY_CHANNELS,
  DELIVERY_SERVICE,
  type DeliveryChannel,
  type DeliveryPurpose,
  type DeliveryStatus,
  deliveryRoute,
  PURPOSE_LABEL_RU,
  STATUS_LABEL_RU,
} from './model.ts';
export {
  AppealDeliveryQueue,
  type AppealDeliveryRetryPolicy,
  appealDeliveryJobId,
  appealDeliveryQueueName,
  DEFAULT_DELIVERY_RETRY,
} from './queue.ts';
export { deliveryStageHook } from './stage-hook.ts';
export {
  type AppealDeliveryWorkerOptions,
  type AppealSender,
  type AppealSendResult,
  deliverOnce,
  startAppealDeliveryWorkers,
} from './worker.ts';
