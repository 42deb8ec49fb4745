/** Keys captured during a site's enable wizard and not confirmed yet: no code to show, a reminder instead. */
export function PendingBanner({ hosts }: { hosts: readonly string[] }) {
  return (
    <div role="status" class="banner" hidden={hosts.length === 0}>
      {hosts.map((host) => (
        <p key={host}>
          A key captured on <strong>{host}</strong> is waiting: finish the set-up on the site
        </p>
      ))}
    </div>
  );
}
