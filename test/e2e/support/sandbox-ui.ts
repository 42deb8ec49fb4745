import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO, type SandboxApi } from '../../fixtures/sandbox';

/** Steps a person takes in the sandbox client UI, shared by the browser tests. */
export async function signInUi(page: Page, password = DEMO.password, email = DEMO.email): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Security page: enable SMS with `phone`, typing the code the sandbox "sent". */
export async function enableSmsUi(page: Page, sb: SandboxApi, phone: string): Promise<void> {
  await page.getByRole('button', { name: 'Enable SMS' }).click();
  await page.getByLabel('Phone number').fill(phone);
  await page.getByRole('button', { name: 'Send code' }).click();
  // The code field appears once the sandbox has answered, and so has "sent" the text message.
  await page.getByLabel('Code from the text message').waitFor();
  await page.getByLabel('Code from the text message').fill(await sb.lastCode(phone));
  await page.getByRole('button', { name: 'Enable', exact: true }).click();
  await expect.poll(() => page.getByRole('status').first().textContent()).toBe('SMS confirmation is enabled.');
}

/** The labelled field's value once it is filled, or '' if it stays empty for `ms`. */
export async function filledValue(page: Page, label: string, ms = 5000): Promise<string> {
  const field = page.getByLabel(label);
  await field.waitFor();
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await field.inputValue();
    if (value) return value;
    await page.waitForTimeout(50);
  }
  return '';
}

/**
 * The person's own gesture on a code field (the fill policy's way for challenges, disable wizards
 * and a sign-in with no account bound yet): a trusted click on the field, then its value once filled.
 */
export async function clickToFill(page: Page, label: string, ms = 8000): Promise<string> {
  const field = page.getByLabel(label);
  await field.waitFor();
  // The page asked first: let its report reach the worker, so the click finds the request waiting.
  await page.waitForTimeout(300);
  // A click made before the extension was ready (a worker restarting on a busy machine) is
  // honoured for a few seconds; after that a person clicks again, and so does this.
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    await field.click();
    const value = await filledValue(page, label, Math.min(3000, Math.max(0, deadline - Date.now())));
    if (value) return value;
  }
  return '';
}
