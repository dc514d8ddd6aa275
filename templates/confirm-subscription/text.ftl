<#-- Double opt-in (transactional): the only link is links.confirm; no unsubscribe link, no click tracking. -->
<#import "/layout/text.ftl" as layout>
<@layout.email title="Please confirm your subscription">
${layout.greeting()}

Thanks for your interest in ${sender.name}. Please confirm that you'd like to receive our emails: short, practical ideas on lead management for B2B teams<#if (lead.company)?has_content> like yours at ${lead.company}</#if>. Open this link to confirm:

${links.confirm}

We won't send you anything until you confirm. If you didn't sign up or have changed your mind, simply ignore this email and you won't hear from us again.

Best regards,
${sender.name}
</@layout.email>
