import type { VkMethodHandler } from '../context.ts';
import { invalidParam } from '../errors.ts';
import { photoSizes } from '../photo-sizes.ts';
import { parseVk, saveMessagesPhotoSchema } from '../schemas.ts';

/** Album -3 is where VK keeps photos uploaded for messages. */
const MESSAGES_ALBUM = -3;

export const getMessagesUploadServer: VkMethodHandler = (ctx) => ({
  album_id: MESSAGES_ALBUM,
  upload_url: `${ctx.baseUrl()}/upload/photo`,
  user_id: 0,
  group_id: ctx.group.id,
});

/** Takes what the upload server returned ({server, photo, hash}) and makes it an attachment. */
export const saveMessagesPhoto: VkMethodHandler = (ctx, params) => {
  const input = parseVk(saveMessagesPhotoSchema, params);
  const upload = ctx.state.uploads.get(input.hash);
  if (!upload || input.photo === '[]') throw invalidParam('photo is undefined');
  ctx.state.uploads.delete(input.hash);
  const photo = ctx.state.savePhoto(upload.bytes);
  const file = ctx.state.storeFile(upload.bytes, upload.name, upload.type);
  return [
    {
      album_id: MESSAGES_ALBUM,
      date: ctx.state.unixNow(),
      id: photo.id,
      owner_id: photo.owner_id,
      access_key: photo.access_key,
      sizes: photoSizes(`${ctx.baseUrl()}/files/${file}`, 1280, 960),
      text: '',
      has_tags: false,
    },
  ];
};
