import { AriError } from '../asterisk.ts';
import type { AriCore } from '../core.ts';
import { ariTimestamp } from '../events.ts';
import { type Route, type RouteRequest, routesOf } from './route.ts';

/** asterisk, endpoints, deviceStates, mailboxes, events and applications. */
export function systemRoutes(core: AriCore): Route[] {
  const { asterisk, endpoints } = core;
  const a = routesOf('asterisk');
  const e = routesOf('endpoints');
  const d = routesOf('deviceStates');
  const m = routesOf('mailboxes');
  const ev = routesOf('events');
  const apps = routesOf('applications');
  const application = (request: RouteRequest) => {
    const found = asterisk.apps.get(request.path('applicationName'));
    if (!found) throw new AriError(404, { message: 'Application not found' });
    return found;
  };
  /** `channel:<id>`, `bridge:<id>`, `endpoint:<tech>[/<resource>]`, `deviceState:<name>`. */
  const changeSubscription = (request: RouteRequest, subscribe: boolean) => {
    const app = application(request);
    const sources = request.list('eventSource');
    if (sources.length === 0) throw new AriError(400, { message: 'eventSource: Missing parameter' });
    for (const source of sources) {
      const colon = source.indexOf(':');
      const [scheme, id] = [source.slice(0, colon), source.slice(colon + 1)];
      if (scheme === 'channel') {
        if (subscribe && !asterisk.channels.has(id))
          throw new AriError(422, { message: 'Event source does not exist' });
        subscribe ? app.channelIds.add(id) : app.channelIds.delete(id);
      } else if (scheme === 'bridge') {
        if (subscribe && !asterisk.bridges.has(id))
          throw new AriError(422, { message: 'Event source does not exist' });
        subscribe ? app.bridgeIds.add(id) : app.bridgeIds.delete(id);
      } else if (scheme === 'endpoint') {
        if (subscribe && !app.endpointIds.includes(id)) app.endpointIds.push(id);
        if (!subscribe) app.endpointIds = app.endpointIds.filter((known) => known !== id);
      } else if (scheme === 'deviceState') {
        subscribe ? app.deviceNames.add(id) : app.deviceNames.delete(id);
      } else {
        throw new AriError(400, { message: 'Invalid event source URI scheme' });
      }
    }
    return asterisk.describeApp(app);
  };
  return [
    a(
      'GET',
      '/asterisk/info',
      'getInfo',
      'AsteriskInfo',
      ['only[]'],
      'Gets Asterisk system information.',
      () => ({
        build: {
          os: 'Linux',
          kernel: 'ari-double',
          machine: 'x86_64',
          options: 'OPTIONAL_API',
          date: '',
          user: 'hotline',
        },
        system: { version: '22.10.1', entity_id: asterisk.asteriskId },
        config: { name: '', default_language: 'en', setid: { user: '', group: '' } },
        status: {
          startup_time: ariTimestamp(asterisk.startedMs),
          last_reload_time: ariTimestamp(asterisk.startedMs),
        },
      }),
    ),
    a('GET', '/asterisk/ping', 'ping', 'AsteriskPing', [], 'Response pong message.', () => ({
      ping: 'pong',
      timestamp: ariTimestamp(asterisk.clock.nowMs()),
      asterisk_id: asterisk.asteriskId,
    })),
    a(
      'GET',
      '/asterisk/modules/{moduleName}',
      'getModule',
      'Module',
      [],
      'Get Asterisk module information.',
      (request) => {
        const name = request.path('moduleName');
        if (name !== 'res_ari' && name !== 'res_ari.so')
          throw new AriError(404, { message: 'Module could not be found in running modules' });
        return {
          name: 'res_ari.so',
          description: 'Asterisk RESTful Interface',
          use_count: asterisk.apps.all().length,
          status: 'Running',
          support_level: 'core',
        };
      },
    ),
    a(
      'GET',
      '/asterisk/variable',
      'getGlobalVar',
      'Variable',
      ['variable*'],
      'Get the value of a global variable.',
      (request) => ({
        value: asterisk.globalVars.get(request.required('variable')) ?? '',
      }),
    ),
    a(
      'POST',
      '/asterisk/variable',
      'setGlobalVar',
      'void',
      ['variable*', 'value'],
      'Set the value of a global variable.',
      (request) => {
        asterisk.globalVars.set(request.required('variable'), request.str('value') ?? '');
        return undefined;
      },
    ),
    e('GET', '/endpoints', 'list', 'List[Endpoint]', [], 'List all endpoints.', () => endpoints.list()),
    e(
      'GET',
      '/endpoints/{tech}',
      'listByTech',
      'List[Endpoint]',
      ['tech'],
      'List available endoints for a given endpoint technology.',
      (request) => {
        const found = endpoints.list(request.path('tech'));
        if (found.length === 0) throw new AriError(404, { message: 'No Endpoints found - invalid tech' });
        return found;
      },
    ),
    e(
      'GET',
      '/endpoints/{tech}/{resource}',
      'get',
      'Endpoint',
      ['tech', 'resource'],
      'Details for an endpoint.',
      (request) => endpoints.get(request.path('tech'), request.path('resource')),
    ),
    d('GET', '/deviceStates', 'list', 'List[DeviceState]', [], 'List all ARI controlled device states.', () =>
      [...endpoints.deviceStates.keys()].map((name) => endpoints.deviceState(name)),
    ),
    d(
      'GET',
      '/deviceStates/{deviceName}',
      'get',
      'DeviceState',
      [],
      'Retrieve the current state of a device.',
      (request) => endpoints.deviceState(request.path('deviceName')),
    ),
    d(
      'PUT',
      '/deviceStates/{deviceName}',
      'update',
      'void',
      ['deviceState*'],
      'Change the state of a device controlled by ARI.',
      (request) => {
        endpoints.updateDeviceState(request.path('deviceName'), request.required('deviceState'));
        return undefined;
      },
    ),
    d(
      'DELETE',
      '/deviceStates/{deviceName}',
      'delete',
      'void',
      [],
      'Destroy a device-state controlled by ARI.',
      (request) => {
        endpoints.deleteDeviceState(request.path('deviceName'));
        return undefined;
      },
    ),
    m('GET', '/mailboxes', 'list', 'List[Mailbox]', [], 'List all mailboxes.', () =>
      [...core.mailboxes.entries()].map(([name, counts]) => ({ name, ...counts })),
    ),
    m(
      'GET',
      '/mailboxes/{mailboxName}',
      'get',
      'Mailbox',
      [],
      'Retrieve the current state of a mailbox.',
      (request) => {
        const counts = core.mailboxes.get(request.path('mailboxName'));
        if (!counts) throw new AriError(404, { message: 'Mailbox is does not exist' });
        return { name: request.path('mailboxName'), ...counts };
      },
    ),
    m(
      'PUT',
      '/mailboxes/{mailboxName}',
      'update',
      'void',
      ['oldMessages*:int', 'newMessages*:int'],
      'Change the state of a mailbox.',
      (request) => {
        core.mailboxes.set(request.path('mailboxName'), {
          old_messages: request.int('oldMessages') ?? 0,
          new_messages: request.int('newMessages') ?? 0,
        });
        return undefined;
      },
    ),
    m('DELETE', '/mailboxes/{mailboxName}', 'delete', 'void', [], 'Destroy a mailbox.', (request) => {
      if (!core.mailboxes.delete(request.path('mailboxName')))
        throw new AriError(404, { message: 'Mailbox does not exist' });
      return undefined;
    }),
    ev(
      'GET',
      '/events',
      'eventWebsocket',
      'Message',
      ['app*[]', 'subscribeAll:boolean'],
      'WebSocket connection for events.',
      () => {
        throw new AriError(400, { message: 'Expected a WebSocket upgrade' });
      },
    ),
    apps('GET', '/applications', 'list', 'List[Application]', [], 'List all applications.', () =>
      asterisk.apps.all().map((app) => asterisk.describeApp(app)),
    ),
    apps(
      'GET',
      '/applications/{applicationName}',
      'get',
      'Application',
      [],
      'Get details of an application.',
      (request) => asterisk.describeApp(application(request)),
    ),
    apps(
      'POST',
      '/applications/{applicationName}/subscription',
      'subscribe',
      'Application',
      ['eventSource*[]'],
      'Subscribe an application to a event source.',
      (request) => changeSubscription(request, true),
    ),
    apps(
      'DELETE',
      '/applications/{applicationName}/subscription',
      'unsubscribe',
      'Application',
      ['eventSource*[]'],
      'Unsubscribe an application from an event source.',
      (request) => changeSubscription(request, false),
    ),
  ];
}
