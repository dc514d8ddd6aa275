<#assign name = ((lead.firstName)!"")?trim><#if name?has_content>${name}, join<#else>Join</#if> our spring webinar: nurture that sales notices
