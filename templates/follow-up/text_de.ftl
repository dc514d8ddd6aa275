<#-- Zweite Nurture-E-Mail (Marketing, deutsch), 3 Tage nach der Willkommens-E-Mail. Ein getrackter Aufruf:
     eine Fallstudie aus der Branche des Leads, wenn bekannt, sonst das Webinar. -->
<#import "/layout/text.ftl" as layout>
<#assign company = ((lead.company)!"")?trim>
<#assign industry = ((lead.industry)!"")?trim>
<@layout.email title="Lead Scoring in einem echten Team">
${layout.greeting()}

<#if (lead.lastDownload)?has_content>Sie haben kürzlich „${lead.lastDownload}“ heruntergeladen.<#else>Vor ein paar Tagen haben wir Ihnen unseren Leitfaden zu Lead Scoring geschickt.</#if> Über ein Modell zu lesen ist das eine; es in einem echten Team wirken zu sehen, das andere.

<#if industry?has_content>
Deshalb haben wir eine Fallstudie aus Ihrer Branche (${industry}) ausgesucht: wie ein Team Passung und Verhalten zu einem Score verbunden, mit dem Vertrieb eine Schwelle vereinbart und aufgehört hat, Leads nachzulaufen, die nie kaufen würden.

Fallstudie lesen:
${track(layout.page("/de/fallstudien?branche=" + industry?url("UTF-8")))}
<#else>
Deshalb haben wir ein 30-minütiges Webinar aufgezeichnet: wie ein B2B-Team Passung und Verhalten zu einem Score verbunden und mit dem Vertrieb eine Schwelle vereinbart hat. Sehen Sie es sich an, wann es Ihnen passt:
${track(layout.page("/de/webinare/lead-scoring-in-der-praxis"))}
</#if>

<#if company?has_content>Wie sähe das bei ${company} aus? Antworten Sie einfach auf diese E-Mail und erzählen Sie uns, wo Sie heute stehen.<#else>Wie sähe das in Ihrem Team aus? Antworten Sie einfach auf diese E-Mail und erzählen Sie uns, wo Sie heute stehen.</#if>

Viele Grüße
${sender.name}
</@layout.email>
