import type { VkMethodHandler } from '../context.ts';
import { VkApiError } from '../errors.ts';

/** Since API 5.194 groups.getById answers an object with `groups`; before, a bare array. */
export const groupsGetById: VkMethodHandler = (ctx, _params, version) => {
  const group = {
    id: ctx.group.id,
    name: ctx.group.name,
    screen_name: ctx.group.screen_name,
    is_closed: 0,
    type: 'group',
    photo_50: `${ctx.baseUrl()}/files/group_50.png`,
    photo_100: `${ctx.baseUrl()}/files/group_100.png`,
    photo_200: `${ctx.baseUrl()}/files/group_200.png`,
  };
  return version.atLeast('5.194') ? { groups: [group], profiles: [] } : [group];
};

export const usersGet: VkMethodHandler = (ctx, params) => {
  const ids = (params.user_ids ?? params.user_id ?? '').split(',').filter(Boolean);
  return ids.map((raw) => {
    const id = Number(raw);
    if (!Number.isInteger(id) || id <= 0) throw new VkApiError(113, 'Invalid user id');
    const known = ctx.state.peers.get(id)?.user ?? {
      id,
      first_name: `Пользователь${id}`,
      last_name: 'Тестовый',
    };
    return { ...known, can_access_closed: true, is_closed: false };
  });
};
