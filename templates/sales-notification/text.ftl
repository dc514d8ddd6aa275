<#-- Internal mail to sales (category SALES_NOTIFICATION): a new lead to review, a reminder, or an escalation. -->
<#import "/layout/text.ftl" as layout>
<#assign who = [((lead.firstName)!""), ((lead.lastName)!"")]?filter(s -> s?has_content)?join(" ")>
<#assign kind = notification!"NEW_LEAD">
<@layout.email title="Lead to review">
Hello,

<#if kind == "REMINDER">
${who?has_content?then(who, "A lead")}<#if (lead.company)?has_content> (${lead.company})</#if> has been waiting for your review for a while. Please accept it or return it to marketing with a reason.
<#elseif kind == "ESCALATION">
${who?has_content?then(who, "A lead")}<#if (lead.company)?has_content> (${lead.company})</#if> has not been reviewed in time. It is now in the sales managers' queue too: please review it or hand it to someone who can.
<#else>
${who?has_content?then(who, "A new lead")}<#if (lead.company)?has_content> (${lead.company})</#if> is a Marketing Qualified Lead and waits for your review.
</#if>

Open it in Tasklist:
${tasklist!"/camunda/app/tasklist/"}
</@layout.email>
