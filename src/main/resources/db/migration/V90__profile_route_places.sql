-- A rep's office and home (position and address) and where their day's route starts and ends belong to
-- their profile; the route's own start point table (office or home, set by the rep) moves into it.
alter table user_profile add column office_latitude double precision;
alter table user_profile add column office_longitude double precision;
alter table user_profile add column office_address varchar(300);
alter table user_profile add column home_latitude double precision;
alter table user_profile add column home_longitude double precision;
alter table user_profile add column home_address varchar(300);
alter table user_profile add column route_start varchar(10);
alter table user_profile add column route_end varchar(10);

update user_profile
set office_latitude = (select s.latitude from route_start_point s where s.user_id = user_profile.user_id),
    office_longitude = (select s.longitude from route_start_point s where s.user_id = user_profile.user_id),
    office_address = (select s.label from route_start_point s where s.user_id = user_profile.user_id)
where exists (select 1 from route_start_point s where s.user_id = user_profile.user_id);

-- a start point of a user without a profile: a profile in the default time zone (as the app assumes for them)
insert into user_profile (user_id, time_zone, office_latitude, office_longitude, office_address)
select s.user_id, 'Europe/Moscow', s.latitude, s.longitude, s.label
from route_start_point s
where not exists (select 1 from user_profile p where p.user_id = s.user_id);

drop table route_start_point;
