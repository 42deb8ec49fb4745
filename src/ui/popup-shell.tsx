/** The popup's frame. Accounts, codes and actions arrive with the extension issue (#4). */
export function PopupShell() {
  return (
    <main aria-labelledby="popup-title" style={{ font: '14px system-ui, sans-serif', minWidth: '280px', padding: '12px' }}>
      <h1 id="popup-title" style={{ fontSize: '16px', margin: '0 0 8px' }}>
        B2Core Authenticator
      </h1>
      <p>No accounts yet. Enable Google Authenticator on your broker's B2Core site to add one.</p>
    </main>
  );
}
