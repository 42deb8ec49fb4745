import { randomUUID } from 'node:crypto';
import { formatMicroTime } from './clock';
import { recordChange } from './changes';
import { envelope, TERMINATE_WORKFLOW, type Envelope } from './envelope';
import { ApiError, invalidCode, notFound, outOfOrder } from './errors';
import { LIMITS } from './limits';
import type { Client, Provider, Wizard } from './model';
import { assertCodeMatches, sendCode } from './one-time-codes';
import type { SandboxState } from './state';
import { checkTotp, newGoogleKey } from './totp';

/**
 * 2FA status and the enable/disable wizards (seed: "Check 2FA status" … "Disable 2FA").
 */
const CAPTIONS: Record<Provider, string> = { sms: 'SMS Confirmation', google: 'Google Authenticator' };

export const isEnabled = (client: Client, type: Provider) => (type === 'google' ? client.google !== null : client.smsEnabled);

export const methodView = (client: Client, type: Provider) => ({ caption: CAPTIONS[type], isEnabled: isEnabled(client, type), name: type });

/** `GET 2fa`: the seed lists SMS first, then Google. */
export function status(client: Client, paging: { limit: number; offset: number }) {
  const all = (['sms', 'google'] as const).map((type) => methodView(client, type));
  return { total: all.length, data: all.slice(paging.offset, paging.offset + paging.limit) };
}

function newWizard(state: SandboxState, client: Client, kind: Wizard['kind'], type: Provider, step: Wizard['step']): Wizard {
  const wizard: Wizard = {
    uuid: randomUUID(),
    clientId: client.id,
    kind,
    type,
    step,
    createdAt: state.clock.now(),
    key: null,
    phone: null,
    smsCode: null,
    sent: 0,
  };
  state.wizards.set(wizard.uuid, wizard);
  return wizard;
}

/** `GET 2fa/{type}/enable/wizard`. */
export function startEnable(state: SandboxState, client: Client, type: Provider): Envelope {
  if (isEnabled(client, type)) throw new ApiError(409, 'already_enabled', `${CAPTIONS[type]} is already enabled.`);
  if (type === 'google') {
    const wizard = newWizard(state, client, 'enable', 'google', 'code');
    wizard.key = newGoogleKey();
    return envelope(200, { key: wizard.key }, false, wizard.uuid, '2fa_google');
  }
  const wizard = newWizard(state, client, 'enable', 'sms', 'phone');
  return envelope(200, null, false, wizard.uuid, '2fa_sms_phone_create');
}

/**
 * `GET 2fa/{type}/disable/wizard`. For SMS the code is sent now, to the enabled phone. The seed's
 * example shows `done: true`, but its field text says `false` means "confirmation with a code is
 * required" — which is the case — so the sandbox answers `done: false`.
 */
export function startDisable(state: SandboxState, client: Client, type: Provider): Envelope<null> {
  if (!isEnabled(client, type)) throw new ApiError(409, 'not_enabled', `${CAPTIONS[type]} is not enabled.`);
  const wizard = newWizard(state, client, 'disable', type, 'code');
  if (type === 'sms') {
    wizard.smsCode = sendCode(state, 'sms', client.phone ?? '', 'turn off SMS confirmation');
    wizard.sent = 1;
  }
  return envelope(200, null, false, wizard.uuid, type === 'google' ? '2fa_google' : '2fa_sms');
}

export type WizardInput = { uuid: string; phone: string } | { uuid: string; action: 'code'; code: string; key?: string | undefined };

function liveWizard(state: SandboxState, client: Client, uuid: string): Wizard {
  const wizard = state.wizards.get(uuid);
  if (!wizard || wizard.clientId !== client.id || state.clock.now() - wizard.createdAt > LIMITS.wizardMs) {
    throw notFound('The wizard', 'uuid');
  }
  if (wizard.step === 'done') throw outOfOrder('This wizard has already finished. Start a new one.');
  return wizard;
}

/** `POST 2fa/wizard`: the phone step, or the code step of any enable/disable wizard. */
export async function wizardStep(state: SandboxState, client: Client, input: WizardInput): Promise<Envelope> {
  const wizard = liveWizard(state, client, input.uuid);
  if ('phone' in input) {
    if (wizard.step !== 'phone') throw outOfOrder('This wizard is not waiting for a phone number.');
    return phoneStep(state, client, wizard, input.phone);
  }
  if (wizard.step !== 'code') throw outOfOrder('This wizard is waiting for a phone number first.');
  if (wizard.type === 'google' && wizard.kind === 'enable') {
    if (input.key === undefined) {
      throw new ApiError(400, 'validation_failed', 'The key issued by the wizard is required.', [{ field: 'key', issue: 'required' }]);
    }
    if (input.key.replace(/\s+/g, '').toUpperCase() !== wizard.key) {
      throw new ApiError(400, 'validation_failed', 'The key does not match the key this wizard issued.', [
        { field: 'key', issue: 'does not match the wizard' },
      ]);
    }
  }
  // Another wizard of the same client may have finished first.
  if (wizard.kind === 'enable' && isEnabled(client, wizard.type)) throw new ApiError(409, 'already_enabled', `${CAPTIONS[wizard.type]} is already enabled.`);
  if (wizard.kind === 'disable' && !isEnabled(client, wizard.type)) throw new ApiError(409, 'not_enabled', `${CAPTIONS[wizard.type]} is not enabled.`);
  const timeStep = await confirmCode(state, client, wizard, input.code);
  applyWizard(state, client, wizard, timeStep);
  return envelope(202, [], true, wizard.uuid, TERMINATE_WORKFLOW);
}

function phoneStep(state: SandboxState, client: Client, wizard: Wizard, phone: string): Envelope {
  wizard.phone = phone;
  wizard.step = 'code';
  wizard.smsCode = sendCode(state, 'sms', phone, 'confirm your phone number');
  wizard.sent += 1;
  return envelope(
    200,
    {
      status: 0,
      sent: wizard.sent,
      expiredAt: formatMicroTime(wizard.smsCode.expiresAt),
      sentAt: formatMicroTime(wizard.smsCode.sentAt),
      recipient: {
        class: 'B2B\\TCA\\Confirmations\\Recipients\\PhoneRecipient',
        phone,
        template: 'default',
        data: null,
        type: 2,
        method: 'phone',
      },
    },
    false,
    wizard.uuid,
    'phone',
  );
}

/**
 * Google: the wizard's key on enable, the client's key on disable; answers the accepted time step.
 * SMS: the code just sent; answers null.
 */
async function confirmCode(state: SandboxState, client: Client, wizard: Wizard, code: string): Promise<number | null> {
  return state.limiter.attempt(`code:${client.id}`, async () => {
    if (wizard.type === 'sms') {
      assertCodeMatches(state, wizard.smsCode, code);
      return null;
    }
    const enabling = wizard.kind === 'enable';
    const key = enabling ? wizard.key : client.google?.key;
    if (!key) throw invalidCode();
    const check = await checkTotp(key, code, state.clock.now(), enabling ? null : (client.google?.lastStep ?? null));
    if (!check.valid) throw invalidCode();
    return check.timeStep;
  });
}

function applyWizard(state: SandboxState, client: Client, wizard: Wizard, timeStep: number | null): void {
  wizard.step = 'done';
  if (wizard.type === 'google') {
    client.google = wizard.kind === 'enable' && wizard.key ? { key: wizard.key, lastStep: timeStep } : null;
  } else if (wizard.kind === 'enable') {
    client.smsEnabled = true;
    client.phone = wizard.phone;
  } else {
    client.smsEnabled = false;
  }
  recordChange(state, client.id, wizard.type, wizard.kind === 'enable');
}
