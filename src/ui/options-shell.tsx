/** The settings page's frame. Sites, accounts, security and backup arrive with issues #4 and #5. */
export function OptionsShell() {
  return (
    <main aria-labelledby="options-title" style={{ font: '15px system-ui, sans-serif', maxWidth: '720px', margin: '24px auto' }}>
      <h1 id="options-title">B2Core Authenticator settings</h1>
      <p>Sites, accounts, security and backup will be managed here.</p>
    </main>
  );
}
