<#-- Erste Nurture-E-Mail (Marketing, deutsch), direkt nach der Bestätigung. Ein getrackter Aufruf: der Leitfaden. -->
<#import "/layout/text.ftl" as layout>
<#assign company = ((lead.company)!"")?trim>
<@layout.email title="Ihr Leitfaden für Lead Scoring, dem der Vertrieb vertraut">
${layout.greeting()}

Danke für Ihre Bestätigung und herzlich willkommen! Die meisten B2B-Teams, mit denen wir sprechen, haben mehr Leads als Zeit. Schwierig ist, zu wissen, wen man zuerst anruft.

Genau darum geht es in unserem kostenlosen Leitfaden "Lead Scoring in der Praxis". In etwa 20 Minuten Lesezeit erfahren Sie, wie Sie:

- Passung (Rolle, Unternehmensgröße, Branche) und Verhalten (Besuche, Downloads, Klicks) verbinden,
- eine Schwelle festlegen, der Ihr Vertrieb wirklich vertraut,
- den Score ehrlich halten, wenn sich Ihr Markt verändert.

<#switch lead.role>
<#case "executive">
Wenig Zeit? Die ersten zwei Seiten sind eine Zusammenfassung für die Geschäftsleitung: was Scoring kostet, was es bringt und woran Sie sehen, ob es wirkt.

<#break>
<#case "manager">
Sie leiten ein Team? Kapitel 3 ist ein Workshop-Plan, mit dem Sie sich in einem Termin mit dem Vertrieb auf den Score einigen.

<#break>
<#case "specialist">
Sie bauen es selbst? Im Anhang stehen die Regeln, mit denen wir jedes Modell beginnen, zum Übernehmen.

<#break>
<#default>
</#switch>
<#if company?has_content>Wir haben ihn für Teams wie das bei ${company} geschrieben: keine Theorie, sondern ein Modell, das Sie an einem Nachmittag einrichten.<#else>Wir haben ihn für Marketing- und Vertriebsteams mit wenig Zeit geschrieben: keine Theorie, sondern ein Modell, das Sie an einem Nachmittag einrichten.</#if>

Kostenlosen Leitfaden herunterladen:
${track(layout.page("/de/leitfaden/lead-scoring"))}

In ein paar Tagen schicken wir Ihnen eine weitere praktische Idee. Fragen? Antworten Sie einfach auf diese E-Mail.

Viele Grüße
${sender.name}
</@layout.email>
