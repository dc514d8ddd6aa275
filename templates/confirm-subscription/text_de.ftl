<#-- Double Opt-in (transaktional, deutsch): der einzige Link ist links.confirm; kein Abmeldelink, kein Klick-Tracking. -->
<#import "/layout/text.ftl" as layout>
<@layout.email title="Bitte bestätigen Sie Ihre Anmeldung">
${layout.greeting()}

Danke für Ihr Interesse an ${sender.name}. Bitte bestätigen Sie, dass Sie unsere E-Mails erhalten möchten: kurze, praktische Ideen zum Lead-Management für B2B-Teams<#if (lead.company)?has_content> wie Ihres bei ${lead.company}</#if>. Öffnen Sie diesen Link zur Bestätigung:

${links.confirm}

Bis zu Ihrer Bestätigung senden wir Ihnen nichts. Wenn Sie sich nicht angemeldet oder es sich anders überlegt haben, ignorieren Sie diese E-Mail einfach; Sie hören dann nicht wieder von uns.

Viele Grüße
${sender.name}
</@layout.email>
