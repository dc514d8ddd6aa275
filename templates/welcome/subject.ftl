<#assign name = ((lead.firstName)!"")?trim><#if name?has_content>${name}, your guide to lead scoring that sales trusts<#else>Your guide to lead scoring that sales trusts</#if>
