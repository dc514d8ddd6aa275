<#-- First nurture email (marketing), sent right after the opt-in is confirmed. One tracked call to action: the guide. -->
<#import "/layout/text.ftl" as layout>
<#assign company = ((lead.company)!"")?trim>
<@layout.email title="Your guide to lead scoring that sales trusts">
${layout.greeting()}

Thanks for confirming your subscription, and welcome! Most B2B teams we talk to have more leads than time. The hard part is knowing which ones to call first.

That is what our free guide "Lead Scoring in Practice" is about. In about 20 minutes of reading you'll learn how to:

- combine fit (role, company size, industry) with behaviour (visits, downloads, clicks),
- set a threshold that your sales team actually trusts,
- keep the score honest as your market changes.

<#switch lead.role>
<#case "executive">
Short on time? The first two pages are a summary for leadership: what scoring costs, what it returns, and how to tell whether it works.

<#break>
<#case "manager">
Leading a team? Chapter 3 is a workshop plan for agreeing on the score with sales in a single meeting.

<#break>
<#case "specialist">
Building it yourself? The appendix has the rules we start every model with, ready to copy.

<#break>
<#default>
</#switch>
<#if company?has_content>We wrote it for teams like the one at ${company}: no theory, just a model you can set up in an afternoon.<#else>We wrote it for busy marketing and sales teams: no theory, just a model you can set up in an afternoon.</#if>

Download the free guide:
${track(layout.page("/guides/lead-scoring"))}

In a few days we'll send you one more practical idea. Questions in the meantime? Just reply to this email.

Best regards,
${sender.name}
</@layout.email>
