<#-- Second nurture email (marketing), 3 days after the welcome email. One tracked call to action:
     a case study for the lead's industry when it is known, else the on-demand webinar. -->
<#import "/layout/text.ftl" as layout>
<#assign company = ((lead.company)!"")?trim>
<#assign industry = ((lead.industry)!"")?trim>
<@layout.email title="Lead scoring in a real team">
${layout.greeting()}

<#if (lead.lastDownload)?has_content>You recently downloaded "${lead.lastDownload}".<#else>A few days ago we sent you our guide to lead scoring.</#if> Reading about a model is one thing; seeing it work in a real team is another.

<#if industry?has_content>
So we picked a case study from your industry (${industry}): how one team combined fit and behaviour into a single score, agreed on a threshold with sales and stopped chasing leads that were never going to buy.

Read the case study:
${track(layout.page("/case-studies?industry=" + industry?url("UTF-8")))}
<#else>
So we recorded a 30-minute webinar: how one B2B team combined fit and behaviour into a single score, agreed on a threshold with sales and stopped chasing leads that were never going to buy. Watch it whenever it suits you:
${track(layout.page("/webinars/lead-scoring-in-practice"))}
</#if>

<#if company?has_content>Wondering how this would look at ${company}? Just reply to this email and tell us where you are today; we're happy to share what we've seen work.<#else>Wondering how this would look in your team? Just reply to this email and tell us where you are today; we're happy to share what we've seen work.</#if>

Best regards,
${sender.name}
</@layout.email>
