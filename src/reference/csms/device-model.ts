import type { Payload } from '../../ocpp/frames.js';
import { defineFault } from '../faults.js';
import type { ReferenceCsms, StationRecord } from './csms.js';

/**
 * B05/B06: the CSMS side of the device model (2.0.1 SetVariables/GetVariables) and configuration keys
 * (1.6 ChangeConfiguration/GetConfiguration), driven by operator actions:
 *
 *  - `setVariables`  { variables: [{ component, variable, value, componentInstance?, variableInstance?, evseId?, attributeType? }] } (2.0.1)
 *  - `getVariables`  { variables: [{ component, variable, componentInstance?, variableInstance?, evseId?, attributeType? }] } (2.0.1)
 *  - `changeConfiguration` { key, value } (1.6)
 *  - `getConfiguration`    { keys?: string[] } (1.6; no keys = all keys)
 *
 * The CSMS remembers what each station answered (`deviceModelOf(station)`), including the station's
 * DeviceDataCtrlr/ItemsPerMessage limits once it has read them, and splits larger requests accordingly (B06.FR.05).
 */

export const DMF = {
  wrongVariable: defineFault('csms.setvariables-wrong-variable', 'shifts the variable names of a multi-item SetVariables by one, so values land on the wrong variables'),
  dropInstance: defineFault('csms.variables-drop-instance', 'leaves out the variable instance the operator asked for in SetVariables/GetVariables'),
  ignoresItemsLimit: defineFault('csms.getvariables-ignores-items-limit', 'sends all requested variables in one GetVariables even beyond the station\'s ItemsPerMessage'),
  dropsItems: defineFault('csms.get-drops-items', 'asks GetVariables/GetConfiguration for only the first of several variables/keys the operator asked for'),
  quotedValue: defineFault('csms.setting-value-quoted', 'sends the value of SetVariables/ChangeConfiguration JSON-quoted ("\"123\"" instead of "123")'),
  emptyStringKey: defineFault('csms.getconfiguration-empty-string-key', 'asks for all configuration keys with key [""] (the empty-named key) instead of no key'),
};

interface VariableArg {
  component: string;
  variable: string;
  value?: string;
  componentInstance?: string;
  variableInstance?: string;
  evseId?: number;
  connectorId?: number;
  attributeType?: string;
}

/** What the reference CSMS learned from one station's answers. */
export interface DeviceModelState {
  /** The answers to the operator's latest requests, by action. */
  lastAnswers: Map<string, Payload[]>;
  /** Values the station reported or accepted, by "Component[.instance]/Variable[.instance]" or 1.6 key. */
  known: Map<string, string>;
  /** The station's DeviceDataCtrlr/ItemsPerMessage limits (GetVariables, SetVariables) once read. */
  itemsPerMessage: { GetVariables?: number; SetVariables?: number };
}

const states = new WeakMap<StationRecord, DeviceModelState>();

export function deviceModelOf(station: StationRecord): DeviceModelState {
  let state = states.get(station);
  if (!state) {
    state = { lastAnswers: new Map(), known: new Map(), itemsPerMessage: {} };
    states.set(station, state);
  }
  return state;
}

function componentOf(v: VariableArg): Payload {
  const evse = v.evseId !== undefined ? { evse: { id: Number(v.evseId), ...(v.connectorId !== undefined ? { connectorId: Number(v.connectorId) } : {}) } } : {};
  return { name: String(v.component), ...(v.componentInstance ? { instance: String(v.componentInstance) } : {}), ...evse };
}

function variableOf(v: VariableArg, dropInstance: boolean): Payload {
  return { name: String(v.variable), ...(v.variableInstance && !dropInstance ? { instance: String(v.variableInstance) } : {}) };
}

function keyOf(component: Payload, variable: Payload): string {
  const c = component.instance ? `${String(component.name)}.${String(component.instance)}` : String(component.name);
  const v = variable.instance ? `${String(variable.name)}.${String(variable.instance)}` : String(variable.name);
  return `${c}/${v}`;
}

function valueOf(csms: ReferenceCsms, value: unknown): string {
  const text = String(value ?? '');
  return csms.faults.has(DMF.quotedValue) ? JSON.stringify(text) : text;
}

function chunks<T>(items: T[], size: number | undefined): T[][] {
  if (!size || size <= 0 || items.length <= size) return [items];
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function listArg(args: Record<string, unknown>): VariableArg[] {
  const list = args.variables;
  if (!Array.isArray(list) || list.length === 0) throw new Error('operator action needs variables: [{ component, variable, ... }]');
  return list as VariableArg[];
}

function install201(csms: ReferenceCsms): void {
  csms.onAction('setVariables', async (station, args) => {
    const state = deviceModelOf(station);
    const items = listArg(args);
    const data = items.map((v, i) => {
      // The fault takes the variable of the next item: values land on the wrong variables.
      const source = csms.faults.has(DMF.wrongVariable) && items.length > 1 ? items[(i + 1) % items.length]! : v;
      return {
        component: componentOf(v),
        variable: variableOf({ ...v, variable: source.variable, variableInstance: source.variableInstance }, csms.faults.has(DMF.dropInstance)),
        attributeValue: valueOf(csms, v.value),
        ...(v.attributeType ? { attributeType: String(v.attributeType) } : {}),
      };
    });
    const answers: Payload[] = [];
    for (const part of chunks(data, state.itemsPerMessage.SetVariables)) {
      const answer = await csms.send(station, 'SetVariables', { setVariableData: part });
      answers.push(answer);
      const results = (answer.setVariableResult ?? []) as Payload[];
      for (const r of results) {
        // Results are matched by component/variable, not by position.
        const key = keyOf(r.component as Payload, r.variable as Payload);
        const sent = part.find((d) => keyOf(d.component, d.variable).toLowerCase() === key.toLowerCase());
        if (sent && (r.attributeStatus === 'Accepted' || r.attributeStatus === 'RebootRequired')) state.known.set(key, sent.attributeValue);
      }
    }
    state.lastAnswers.set('SetVariables', answers);
  });

  csms.onAction('getVariables', async (station, args) => {
    const state = deviceModelOf(station);
    const asked = listArg(args);
    const data = (csms.faults.has(DMF.dropsItems) ? asked.slice(0, 1) : asked).map((v) => ({
      component: componentOf(v),
      variable: variableOf(v, csms.faults.has(DMF.dropInstance)),
      ...(v.attributeType ? { attributeType: String(v.attributeType) } : {}),
    }));
    const limit = csms.faults.has(DMF.ignoresItemsLimit) ? undefined : state.itemsPerMessage.GetVariables;
    const answers: Payload[] = [];
    for (const part of chunks(data, limit)) {
      const answer = await csms.send(station, 'GetVariables', { getVariableData: part });
      answers.push(answer);
      for (const r of (answer.getVariableResult ?? []) as Payload[]) {
        if (r.attributeStatus !== 'Accepted' || r.attributeValue === undefined) continue;
        const component = r.component as Payload;
        const variable = r.variable as Payload;
        state.known.set(keyOf(component, variable), String(r.attributeValue));
        const limitFor = String(variable.instance ?? '');
        if (String(component.name).toLowerCase() === 'devicedatactrlr' && String(variable.name).toLowerCase() === 'itemspermessage'
          && (limitFor === 'GetVariables' || limitFor === 'SetVariables')) {
          const n = Number(r.attributeValue);
          if (Number.isInteger(n) && n > 0) state.itemsPerMessage[limitFor] = n;
        }
      }
    }
    state.lastAnswers.set('GetVariables', answers);
  });
}

function install16(csms: ReferenceCsms): void {
  csms.onAction('changeConfiguration', async (station, args) => {
    const state = deviceModelOf(station);
    if (typeof args.key !== 'string') throw new Error('changeConfiguration needs { key, value }');
    const payload = { key: args.key, value: valueOf(csms, args.value) };
    const answer = await csms.send(station, 'ChangeConfiguration', payload);
    state.lastAnswers.set('ChangeConfiguration', [answer]);
    if (answer.status === 'Accepted' || answer.status === 'RebootRequired') state.known.set(payload.key, payload.value);
  });

  csms.onAction('getConfiguration', async (station, args) => {
    const state = deviceModelOf(station);
    const keys = Array.isArray(args.keys) ? (args.keys as unknown[]).map(String) : [];
    let payload: Payload = keys.length ? { key: keys } : {};
    if (keys.length > 1 && csms.faults.has(DMF.dropsItems)) payload = { key: keys.slice(0, 1) };
    if (!keys.length && csms.faults.has(DMF.emptyStringKey)) payload = { key: [''] };
    const answer = await csms.send(station, 'GetConfiguration', payload);
    state.lastAnswers.set('GetConfiguration', [answer]);
    for (const entry of (answer.configurationKey ?? []) as Payload[]) {
      if (entry.value !== undefined) state.known.set(String(entry.key), String(entry.value));
    }
  });
}

export function install(csms: ReferenceCsms): void {
  if (csms.version === '1.6') install16(csms);
  else install201(csms);
}
