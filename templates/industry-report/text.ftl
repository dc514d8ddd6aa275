<#-- Nurture email (marketing): the yearly industry report, for leads who did not click. One tracked call to action. -->
<#import "/layout/text.ftl" as layout>
<#assign industry = ((lead.industry)!"")?trim>
<#assign industryQuery = industry?has_content?then("?industry=" + industry?url("UTF-8"), "")>
<@layout.email title="The state of B2B lead management">
${layout.greeting()}

How many leads does sales really call? How long does a handover take, and how many leads come back? We asked 400 marketing and sales teams.

The report sums up what the best of them do differently, in twelve pages.

Read the report:
${track(layout.page("/reports/lead-management" + industryQuery))}

Best regards,
${sender.name}
</@layout.email>
