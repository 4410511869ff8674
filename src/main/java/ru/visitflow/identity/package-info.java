/**
 * Who is acting: users, groups and logins (Camunda identity), roles, each user's profile
 * (Bitrix24 user id, time zone, supervisor, office and home), the current actor, web
 * security and the start-up administrator.
 */
package ru.visitflow.identity;
